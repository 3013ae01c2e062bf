"""What every sandbox system shares: the control plane (journal, faults), auth hook and storage."""
