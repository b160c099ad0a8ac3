import KubeModels
import KubeSim

// KubeSim and KubeAPI both define UserInfo; this file sees only KubeSim's.
typealias SimUserInfo = UserInfo
