"""Fairness and validity statistics over hiring data: adverse impact today (docs/insights.md)."""
