import type { Language } from './language.js';
import { ENGLISH_STATUS, type StatusReason, type StatusWording } from './status-texts.js';

export type { StatusReason } from './status-texts.js';

// Written for a Brazilian classroom: what a teacher would say, not the English word for word.
const ptBR: StatusWording = {
  connecting: (r) => `Conectando a ${r.display}…`,
  connected: (r) => `Conectado a ${r.where} como '${r.clientId}'`,
  reconnecting: (r) => `Reconectando a ${r.where} (tentativa ${r.attempt})…`,
  lost: (r) => `A conexão com ${r.where} caiu; reconectando…`,
  disconnected: (r) => `Desconectado de ${r.display}`,
  unreachable: (r) => {
    if (r.everConnected) return `${r.display} ainda não respondeu de novo; tentando outra vez…`;
    if (r.remote && !r.hint) return `Não deu para conectar a ${r.display}. Este computador está na internet? Se os sites abrem, esta rede pode estar bloqueando a porta do broker (redes de escola e de eventos costumam bloquear): tente outra rede ou um broker nesta.`;
    return `Não deu para conectar a ${r.display}. O broker está rodando?${r.hint ? ` ${hintInPortuguese(r.hint)}` : ''}`;
  },
  refused: (r) => {
    const who = r.username === undefined ? 'sem nome de usuário' : `como '${r.username}'`;
    const check = r.loginHint ?? 'Confira o usuário e a senha na URL, escritos como mqtt://usuario:senha@host.';
    const then = r.retrying ? ' Tentando de novo…' : '';
    switch (r.refusal) {
      case 1: return `${r.display} recusou a conexão: não fala MQTT 3.1.1. Confira se a URL aponta para um broker MQTT.${then}`;
      case 2: return `${r.display} não aceitou o id de cliente '${r.clientId}'. Use um id mais curto, só com letras simples, ou deixe sem id para receber um aleatório.${then}`;
      case 3: return `${r.display} está indisponível agora (recusou a conexão). Tente mais tarde ou use outro broker.${then}`;
      case 4: return `${r.display} não aceitou o usuário ou a senha (conectando ${who}). ${check}${then}`;
      case 5: return `${r.display} diz que você não tem permissão (conectando ${who}): o login está errado ou este perfil não pode conectar. ${check}${then}`;
      default: return `${r.display} recusou a conexão (código ${r.refusal}). Confira a URL, o usuário e a senha.${then}`;
    }
  },
  'kick-loop': (r) => `${r.display} fecha a conexão logo que ela abre: outro cliente está usando o id '${r.clientId}'. Use um id só seu ou deixe sem id. ${r.retryEveryMs === undefined ? 'Parei de reconectar.' : `Continuo tentando a cada ${Math.round(r.retryEveryMs / 1000)} s.`}`,
  broken: (r) => `A conexão parou de funcionar: ${r.why}. Recarregue a página para tentar de novo.`,
  other: (r) => r.text,
};

/** The two hints src/kit/page-broker.ts gives (unreachableHint); another hint is shown as given. */
function hintInPortuguese(hint: string): string {
  const beside = /^It runs beside this page's server on (.+): is the kit \(npm start\) still running there\?$/.exec(hint);
  if (beside) return `Ele roda junto ao servidor desta página, em ${beside[1]}: o kit (npm start) ainda está rodando lá?`;
  return hint.replace(/^Try:/, 'Experimente:');
}

const WORDINGS: Record<Language, StatusWording> = { en: ENGLISH_STATUS, 'pt-BR': ptBR };

/**
 * The sentence for `reason` in `language` (English by default): the HUD and the kit's pages
 * word the client's `statusReason` with it.
 *
 * @example
 * describeStatus({ code: 'connecting', display: 'ws://localhost:9001' }, 'pt-BR') // 'Conectando a ws://localhost:9001…'
 */
export function describeStatus(reason: StatusReason, language: Language = 'en'): string {
  const word = WORDINGS[language][reason.code] as (r: StatusReason) => string;
  return word(reason);
}
