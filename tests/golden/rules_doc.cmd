rules cycle
