import KubeSim

// KubeSim and KubeAPI both define ListOptions and UserInfo; this file sees only KubeSim's.
typealias SimListOptions = ListOptions
typealias SimUserInfo = UserInfo
typealias SimWriteOptions = WriteOptions
