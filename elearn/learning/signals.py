"""What the learning feature announces. Receivers get `session`, `now` and `settings` as keywords and
work inside the same transaction; see elearn/subscriptions.py for who listens."""

from blinker import Namespace

_signals = Namespace()

# Sender: the Enrollment just completed (modules read and final quiz passed), with its JP awarded.
course_completed = _signals.signal("course-completed")
