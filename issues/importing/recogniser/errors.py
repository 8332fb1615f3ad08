class RecogniserError(Exception):
    """Input that cannot become content. ``str(error)`` is the message a user
    reads (in Chinese once translated); nothing has been written."""
