"""What decides a comment's fate: checks, policy, tasks, the decision service, bans and the admin."""
