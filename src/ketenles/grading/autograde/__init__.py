"""The parallel ``ketenles autograde`` run: workers, its resumable state, its log, the pre-check."""
