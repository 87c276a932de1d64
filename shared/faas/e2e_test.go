package faas

import (
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
)

// buildTestFunc builds internal/testfunc for this test's platform and checks
// which modules the binary links.
func buildTestFunc(t *testing.T, tags string, mustLink, mustNotLink []string) string {
	t.Helper()
	bin := faastest.Build(t, "./internal/testfunc", tags)
	faastest.CheckLinks(t, bin, mustLink, mustNotLink)
	return bin
}

// forbiddenEverywhere are the frameworks aws-lambda-go-api-proxy has
// adapters for; its core package must not drag any of them in.
var forbiddenEverywhere = []string{
	"github.com/gin-gonic", "github.com/labstack/echo", "github.com/gofiber", "github.com/kataras/iris",
	"github.com/go-chi", "github.com/gorilla", "github.com/urfave/negroni",
}
