"""hireplay: structured, auditable hiring for account-management roles."""

__version__ = "0.1.0"
