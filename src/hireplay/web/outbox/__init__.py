"""E-mails to candidates and panels: stored in the transaction that causes them, sent after it
commits, retried when the mail server fails, and shown to the recruiter until they are sent."""
