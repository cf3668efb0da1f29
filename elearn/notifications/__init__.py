"""In-app notifications and the email outbox."""
