"""The moderation desk: a staff page for a full day of moderation (queues, cards, keys, figures)."""
