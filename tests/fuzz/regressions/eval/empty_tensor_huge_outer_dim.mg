let x = ----------# reecrossto-------------------ÎÒÒ‘šŒpe(zeros(0), [1e10, 0, 0e11])# reecrossto_ent[ropy
reshape(zeros(0), [1e10, 0, 0e11])
