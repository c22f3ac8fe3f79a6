// Where the naive pages connect: `?broker=ws://host:port` (the bench passes its broker's),
// else the kit's default WebSocket port — as a tutorial would hard-code it.
export const brokerUrl = new URLSearchParams(location.search).get('broker') ?? 'ws://localhost:9001';
export const credentials = { username: 'public', password: 'public' };
