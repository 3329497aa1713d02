set_device(cuda)
