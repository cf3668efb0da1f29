"""What the competency dictionary announces; see elearn/subscriptions.py for who listens."""

from blinker import Namespace

_signals = Namespace()

# Sender: None. Receivers get `session`. Sent after a complete dictionary was imported, so whatever
# follows from job profiles (each person's profile) is matched again.
dictionary_synced = _signals.signal("dictionary-synced")
