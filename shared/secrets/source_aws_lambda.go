//go:build !scf && lambda.norpc

package secrets

// newSecretsManager is, in the Lambda build (-tags lambda.norpc, as every
// function build of the Makefile), the client built from the environment
// Lambda sets (envSecretsManager): the function then links neither
// aws-sdk-go-v2/config nor the SSO, STS and instance-metadata clients it
// pulls in, about a fifth of a cold start.
var newSecretsManager = envSecretsManager
