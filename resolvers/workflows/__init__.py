"""State machines of the processes; each transition is one transaction."""
