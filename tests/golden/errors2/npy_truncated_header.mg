load("../../data/truncated_header.npy")
