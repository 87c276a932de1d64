//go:build !scf

package secrets

// UseEnvSecretsManager makes aws-sm sources build their client as the
// Lambda build does (from the environment alone) until restore is called,
// so the default build's tests run both constructions against the local
// Secrets Manager.
func UseEnvSecretsManager() (restore func()) {
	old := newSecretsManager
	newSecretsManager = envSecretsManager
	return func() { newSecretsManager = old }
}
