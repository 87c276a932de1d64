// Command lambdaecho is an aws-lambda-go function for faastest's Lambda test:
// it answers {"got":EVENT}, reports an error for the event "fail", and
// fails to start when FAASTEST_FAIL_INIT is set.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

func main() {
	if os.Getenv("FAASTEST_FAIL_INIT") != "" {
		fmt.Fprintln(os.Stderr, "lambdaecho: told to fail at start-up")
		os.Exit(1)
	}
	lambda.Start(func(ctx context.Context, event json.RawMessage) (map[string]any, error) {
		if string(event) == `"fail"` {
			return nil, errors.New("failed as asked")
		}
		lc, _ := lambdacontext.FromContext(ctx)
		deadline, _ := ctx.Deadline()
		return map[string]any{"got": event, "requestId": lc.AwsRequestID, "hasDeadline": !deadline.IsZero(), "given": os.Getenv("FAASTEST_GIVEN")}, nil
	})
}
