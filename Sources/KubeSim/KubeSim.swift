// KubeSim target
