let z = zeros(2.5)
