"""Entry point: `flask --app app run`, `gunicorn app:app`."""
from recoverynet import create_app

app = create_app()
