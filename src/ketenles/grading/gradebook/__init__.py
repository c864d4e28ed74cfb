"""Reading and reporting the gradebook: one reader, the export, the class report, the integrity
check, regrading and refreshing feedback."""
