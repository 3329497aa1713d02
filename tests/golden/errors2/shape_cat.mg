cat([ones(2, 3), ones(2, 4)], axis=0)
