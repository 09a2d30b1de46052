target_sources(planlens PRIVATE)
