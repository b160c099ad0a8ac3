/// Fixed private keys in the two legacy PEM encodings kubeconfigs commonly carry (SEC1
/// "EC PRIVATE KEY" from kind/kubeadm, PKCS#1 "RSA PRIVATE KEY" from older clusters). Test-only
/// material, generated once with openssl; swift-crypto cannot emit these encodings itself.
public enum StaticTestKeys {
    public static let ecSEC1PEM = """
        -----BEGIN EC PRIVATE KEY-----
        MHcCAQEEIBNpvgG9/uLon++M7NLHhjZp058aUefB4azjB8fNMnyCoAoGCCqGSM49
        AwEHoUQDQgAEfk8vdIpjP4aPLpThC1MHwnW/SMZD/ct0knD7Boti163/5ShFV7x5
        eGzpkweefIZVZbczzX4v20QK+ulxX3rQEw==
        -----END EC PRIVATE KEY-----
        """

    public static let rsaPKCS1PEM = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEpQIBAAKCAQEAvknonBjb84BUBkSmDrkCVxWCjCF4baQcZziRqW+igQ5BM5R1
        LUPYlTdVJS1/jhIps3LnBo/iRzU0nihtUuACjIpwrMhvYwMEk7T3q86MozJKbwfj
        sSpZwb1O0cvMirq5BAoiByK9XTRcq7e2IGiYy7QoJT0bhan3v8i8InjPxPNdePYY
        xsGpacZbPrJLe7VesMNMjEfqS9iYD4Is1U2aByFBm0jweojxeQyD4t/kkdJGkdsx
        2A2yFbI8AAoloveDEpvb+XQNaSfBZ+BBYHqgUVHi52x1XLTc8j+jkS9ls2wWOZ6T
        kAZqgpNUCHQ0M8cmoFcOg7jXElkOZBbTv0WDCQIDAQABAoIBAB4DKTFpiFNtA5Oj
        gy9iRbi3d0ojw0tDrYkoNm0rYs2JEoaQnTSg9Ul/mynMdchSHAqmDkMOMYm6ngxt
        4uRF2ZESCrhtuoe6w5+KVN/fqXXZ6jx92Y8pV1PDyGk1hBLDZYf6Eyjd9VD8f7tD
        s/GDncnPJd/NtggMaTtx7R5gwKBW3hmq7YNWCMA/Mu7xX9f9qA5URHSPOaRFrNyp
        dp1n1hvXL3z7hiiISWGaa9RydwPdQlVjnRnAaWhBMwfzkd7AZEnotGeag+0bk3Az
        arDVIvOU4EHJwVG04F0zOtnN2+CZtfBioGrF7kXjLTw2rEe3TePJwWLu1vsFvJ8B
        9XK8NyMCgYEA8Wuqlwb5ARzL1yblpqfMDvC8klbwr9oQxH0spR/tU+ycV0VJbGrP
        5QgbEJQkrC13GdthbgOQny5cN6h/mnIl1XVsWcc1lIZJ32je1c5dQG2T7bpbV9t8
        rOvddXbkVUxyQDBGkINiRg+dQ3E2QmDNly4iqLmmrb3NNGKBZ4eLfWsCgYEAyce/
        58fxeHtXyFV16p+Xh/IlWB/gQcaC+/6nuT61RcCiR8neTOR0+s9iFAVzuFQA3uej
        fzetsvp9hmZpOYPOMo2+Z3P9LKB0fMSlie2uYEF2j0HlMGPnQs76caPw2OOP6Ijn
        Dmtzlhhak7hk88I32IFbtdSQ/k08GX1EIKANSlsCgYEA7IKZ4NNH5jsbx2+n1BjW
        5FwboRHjQaPUgWpP7oTUsD9A+o46XChX+vxx50/6jWMNJxuw22JKsGdumGhOejQR
        tIkQ2PM8HoFgpanLhJJi8Ndo8KB9FBlGjvGTR5xuHNKDqzagKrtL728klgm3KlhD
        kTP1aG5YSCWFfyhxtccodHkCgYEAjB6gDw5zipzsenuOJN2qVoc6k5WfH04Ay4kt
        Y6A+NS/uATgXnQHQkhLNIuYeU9RRvnjQupkpj+4OmPQpAf2bhNOVczXCi+jou3O7
        GKrquoD7GcRCqXXWtDgTBjM4HwT3fB0FhqfrXkGPNKGJyRQHv9skmoIAJffwUisA
        0j8Su50CgYEArcEQrCk2yU4G5JWy7SXt5z6F3bZ691jYD5K2RKMT7W7Kg6Qy7uh6
        Lshb1hiGH0JkJ/5UWo6nagv51KBAtqNZT5o0Xiqhx4vqDEulB5qQNby3I96SFd2r
        ord6fhkWqNs2aVclmSzsvqBcEuW4kHlwXIJBiEKfjpDIHZCHK+loSb0=
        -----END RSA PRIVATE KEY-----
        """
}
