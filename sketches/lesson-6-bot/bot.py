# lesson-6-bot/bot.py: the tutorial's Python sensor bot, on the kit's broker
# (docs/lessons/lesson-6.md).
#
# It connects as client "bot" with the public profile, subscribes to temperatura, umidade
# and luminosidade, and every 3 s publishes a random integer 0-100 on one of them; it prints
# "data published" when a message has gone out and every message it receives. Needs
# paho-mqtt (pip install paho-mqtt, or Debian's python3-paho-mqtt); works with 1.x and 2.x.
# Try it: `npm start`, then `python3 sketches/lesson-6-bot/bot.py` (add the TCP port npm start
# printed if it is not 1883: `python3 sketches/lesson-6-bot/bot.py 1884`). Ctrl-C stops it.
import random
import sys
import time

import paho.mqtt.client as mqtt

HOST = "localhost"  # with `npm start -- --lan`, other computers write the teacher's address
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 1883  # MQTT over TCP, not the WebSocket port
TOPICS = ["temperatura", "umidade", "luminosidade"]


def on_publish(client, userdata, mid, *rest):
    print("data published")


def on_message(client, userdata, message):
    print(message.topic + ": " + message.payload.decode())


if hasattr(mqtt, "CallbackAPIVersion"):  # paho-mqtt 2.x
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bot")
else:  # paho-mqtt 1.x
    client = mqtt.Client(client_id="bot")
client.username_pw_set("public", "public")
client.on_publish = on_publish
client.on_message = on_message
client.connect(HOST, PORT)
for topic in TOPICS:
    client.subscribe(topic)
client.loop_start()

try:
    while True:
        time.sleep(3)
        client.publish(random.choice(TOPICS), str(random.randint(0, 100)))
except KeyboardInterrupt:
    client.loop_stop()
    client.disconnect()
