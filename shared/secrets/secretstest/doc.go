// Package secretstest provides test doubles for package secrets: a
// scriptable Source, and local HTTP endpoints that speak the wire protocols
// of AWS Secrets Manager (awsJson1.1) and Tencent Cloud SSM (API v3, with
// TC3-HMAC-SHA256 signatures checked), so the real SDK clients can be tested
// offline against 127.0.0.1.
package secretstest
