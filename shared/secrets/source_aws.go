//go:build !scf

package secrets

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/smithy-go"
)

// The default build is the AWS one: it links aws-sdk-go-v2 and not Tencent's
// SDK, so tencent-ssm specs are refused here.
var cloudSchemes = map[string]bool{"env": true, "file": true, "aws-sm": true}

const buildName = "AWS build; tencent-ssm needs -tags scf"

// getSecretValueAPI is the one Secrets Manager call the source makes.
type getSecretValueAPI interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, optFns ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

func newCloudSource(ctx context.Context, sp Spec, o *options) (Source, error) {
	client, err := newSecretsManager(ctx, o.getenv)
	if err != nil {
		return nil, err
	}
	return &awsSource{api: client, id: sp.Name, stage: sp.Version}, nil
}

// awsSource reads one stage (AWSCURRENT by default) of one secret.
type awsSource struct {
	api   getSecretValueAPI
	id    string
	stage string
}

func (s *awsSource) String() string { return "aws-sm:" + s.id + "#" + s.stage }

func (s *awsSource) Fetch(ctx context.Context) (Fetched, error) {
	out, err := s.api.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{
		SecretId:     aws.String(s.id),
		VersionStage: aws.String(s.stage),
	})
	if err != nil {
		return Fetched{}, fmt.Errorf("secrets: %s: %w", s, awsError(err))
	}
	// A custom stage can label the version being rotated in; its key is
	// not live in TRTC yet, so it is never signed with, whatever the name.
	if slices.Contains(out.VersionStages, "AWSPENDING") && !slices.Contains(out.VersionStages, DefaultAWSStage) {
		return Fetched{}, fmt.Errorf("secrets: %s: the version is labelled AWSPENDING (being rotated in) and is never used for signing", s)
	}
	var data []byte
	switch {
	case out.SecretString != nil:
		data = []byte(*out.SecretString)
	case out.SecretBinary != nil:
		data = out.SecretBinary
	default:
		return Fetched{}, fmt.Errorf("secrets: %s: the secret version has no value", s)
	}
	return Fetched{Data: data, Version: aws.ToString(out.VersionId)}, nil
}

// awsError keeps what an operator needs (the service's error code and
// message, the HTTP status, the request id, a network or deadline error)
// and drops deserialization detail, which could quote the response body.
func awsError(err error) error {
	var de *smithy.DeserializationError
	if errors.As(err, &de) {
		return errors.New("GetSecretValue: the reply could not be decoded")
	}
	return err
}
