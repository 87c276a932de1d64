//go:build !scf && !lambda.norpc

package secrets

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// newSecretsManager is, outside Lambda, the SDK's standard configuration:
// the environment, the shared config and credentials files (profiles, SSO),
// the container and instance roles; AWS_ENDPOINT_URL_SECRETS_MANAGER and
// AWS_MAX_ATTEMPTS are honoured as in every AWS SDK. It reads the process
// environment, as the SDK does. The Lambda build (-tags lambda.norpc)
// replaces it with envSecretsManager (source_aws_lambda.go).
var newSecretsManager = chainSecretsManager

func chainSecretsManager(ctx context.Context, _ func(string) string) (*secretsmanager.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("secrets: aws-sm: load AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, fmt.Errorf("aws-sm: no AWS region (set AWS_REGION): %w", ErrInvalidSpec)
	}
	return secretsmanager.NewFromConfig(cfg), nil
}
