"""What the reference library tells the layers above it, without importing them."""

from django.dispatch import Signal

# A source was marked retracted (inside the transaction that marked it). kwargs: reference,
# event_key (for de-duplicating notifications). A receiver returns the list of retraction
# alerts it raised (or None); the library reports them to the chief editors.
reference_retracted = Signal()
