load("../../data/truncated.npy")
