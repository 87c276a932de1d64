//go:build !scf

package secrets

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// Environment read by envSecretsManager: the variables Lambda sets for every
// function (the execution role's credentials, the region) and the standard
// AWS SDK settings a deployment or a test may add, read as aws-sdk-go-v2's
// config package reads them.
const (
	envAWSAccessKeyID     = "AWS_ACCESS_KEY_ID"
	envAWSAccessKey       = "AWS_ACCESS_KEY" // read when AWS_ACCESS_KEY_ID is not set
	envAWSSecretAccessKey = "AWS_SECRET_ACCESS_KEY"
	envAWSSecretKey       = "AWS_SECRET_KEY" // read when AWS_SECRET_ACCESS_KEY is not set
	envAWSSessionToken    = "AWS_SESSION_TOKEN"
	envAWSRegion          = "AWS_REGION"
	envAWSDefaultRegion   = "AWS_DEFAULT_REGION"
	envAWSEndpointSM      = "AWS_ENDPOINT_URL_SECRETS_MANAGER"
	envAWSEndpoint        = "AWS_ENDPOINT_URL"
	envAWSIgnoreEndpoints = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"
	envAWSMaxAttempts     = "AWS_MAX_ATTEMPTS"
	envAWSRetryMode       = "AWS_RETRY_MODE"
	envAWSUseFIPS         = "AWS_USE_FIPS_ENDPOINT"
	envAWSUseDualStack    = "AWS_USE_DUALSTACK_ENDPOINT"
)

// envSecretsManager builds the Secrets Manager client from the environment
// alone: the static credentials and the region Lambda puts there for the
// execution role (the standard chain would find the same ones first), plus
// the endpoint, retry and FIPS/dual-stack settings. Profiles, SSO and the
// instance and container roles are not looked for: a binary that needs them
// is built without -tags lambda.norpc.
func envSecretsManager(_ context.Context, getenv func(string) string) (*secretsmanager.Client, error) {
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := getenv(k); v != "" {
				return v
			}
		}
		return ""
	}
	region := first(envAWSRegion, envAWSDefaultRegion)
	if region == "" {
		return nil, fmt.Errorf("aws-sm: no AWS region (set AWS_REGION): %w", ErrInvalidSpec)
	}
	id, key := first(envAWSAccessKeyID, envAWSAccessKey), first(envAWSSecretAccessKey, envAWSSecretKey)
	if id == "" || key == "" {
		return nil, fmt.Errorf("aws-sm: no AWS credentials in the environment (Lambda sets %s, %s and %s from the execution role; "+
			"this Lambda build reads no profile or instance role): %w", envAWSAccessKeyID, envAWSSecretAccessKey, envAWSSessionToken, ErrInvalidSpec)
	}
	o := secretsmanager.Options{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider(id, key, getenv(envAWSSessionToken)),
	}
	ignore, err := envBool(getenv, envAWSIgnoreEndpoints)
	if err != nil {
		return nil, err
	}
	if ep := first(envAWSEndpointSM, envAWSEndpoint); ep != "" && !ignore {
		o.BaseEndpoint = aws.String(ep)
	}
	if v := getenv(envAWSMaxAttempts); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("aws-sm: %s=%q: want a whole number of at least 1: %w", envAWSMaxAttempts, v, ErrInvalidSpec)
		}
		o.RetryMaxAttempts = n
	}
	if v := getenv(envAWSRetryMode); v != "" {
		m, err := aws.ParseRetryMode(v)
		if err != nil {
			return nil, fmt.Errorf("aws-sm: %s=%q: want standard or adaptive: %w", envAWSRetryMode, v, ErrInvalidSpec)
		}
		o.RetryMode = m
	}
	if fips, err := envBool(getenv, envAWSUseFIPS); err != nil {
		return nil, err
	} else if fips {
		o.EndpointOptions.UseFIPSEndpoint = aws.FIPSEndpointStateEnabled
	}
	if dual, err := envBool(getenv, envAWSUseDualStack); err != nil {
		return nil, err
	} else if dual {
		o.EndpointOptions.UseDualStackEndpoint = aws.DualStackEndpointStateEnabled
	}
	return secretsmanager.New(o), nil
}

// envBool reads a true/false setting as the AWS SDKs do (either case; unset
// is false).
func envBool(getenv func(string) string, k string) (bool, error) {
	switch v := getenv(k); {
	case v == "", strings.EqualFold(v, "false"):
		return false, nil
	case strings.EqualFold(v, "true"):
		return true, nil
	default:
		return false, fmt.Errorf("aws-sm: %s=%q: want true or false: %w", k, v, ErrInvalidSpec)
	}
}
