fn train(learning_rate) {
    return learning_rat * 2
}
train(0.1)
