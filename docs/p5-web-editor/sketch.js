// The p5 web editor's sketch.js, with p5-mqtt.min.js added to index.html after p5.
// Every key press publishes "world" on "hello"; every message on "hello" is listed.
let client;
let lines = [];

function setup() {
  createCanvas(400, 400);
  client = connectMqtt('wss://public:public@public.cloud.shiftr.io');
  client.subscribe('hello');
}

function draw() {
  background(20, 22, 32);
  fill(95, 211, 255);
  noStroke();
  textSize(18);
  text('press a key to publish', 20, 34);
  fill(232);
  for (let i = 0; i < lines.length; i++) text(lines[i], 20, 80 + i * 26);
}

function keyPressed() {
  client.publish('hello', 'world');
}

function messageReceived(topic, message) {
  lines.unshift(topic + ': ' + message);
  lines = lines.slice(0, 11);
}
