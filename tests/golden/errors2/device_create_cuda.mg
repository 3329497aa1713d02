zeros(2, 3, device=cuda)
