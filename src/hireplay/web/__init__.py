"""The Django application: one Django app per context; it calls core, core never calls it."""
