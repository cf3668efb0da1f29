/* Filled in by issue 11 (offline learning). */
