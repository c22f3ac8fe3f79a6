import p5 from '../../src/p5/p5-text.js';
import { mqttAddon, mqttSketch, type MqttClient } from '../../src/p5/index.js';

p5.registerAddon(mqttAddon);

new p5(mqttSketch((p) => {
  let client: MqttClient;
  let last = 'press a key';

  p.setup = () => {
    p.createCanvas(400, 200);
    // No client id: the kit draws a unique one, so two tabs of this page never clash.
    client = p.connectMqtt('mqtt://public:public@localhost');
    client.subscribe('hello');
  };
  p.keyPressed = () => {
    client.publish('hello', 'world');
  };
  // Called by name, like Processing's library, once per frame before draw(),
  // with the payload as text (the full view, with .number and .json, comes third):
  p.messageReceived = (topic, message) => {
    last = `${topic}: ${message}`;
  };
  p.clientConnected = () => console.log('connected');
  p.connectionLost = () => console.log('lost; reconnecting by itself');
  p.draw = () => {
    p.background(20);
    p.fill(255);
    p.textSize(24);
    p.text(last, 20, 100);
  };
}));
