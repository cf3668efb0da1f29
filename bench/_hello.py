"""The baseline of bench/throughput.py: the least a Flask app can do, under the same gunicorn."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
