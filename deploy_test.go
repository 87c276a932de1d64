package ticketbooth_test

// The deployment files (template.yaml, serverless.yml, the Makefile's SAM targets, the zips of
// `make package`) checked against the code they deploy: the functions that exist, the routes the
// API serves, the environment variables the configuration reads, and least privilege on the one
// secret. template.yaml is read by goformation (a real CloudFormation/SAM parser); serverless.yml by
// yaml.v3 into the shape Tencent's multi-scf component reads.

import (
	"archive/zip"
	"debug/elf"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7"
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/serverless"
	"github.com/awslabs/goformation/v7/intrinsics"
	"github.com/ticketbooth/ticketbooth/shared/api"
	"gopkg.in/yaml.v3"
)

// maxZipBytes is the size a function's zip should stay under (issue 6).
const maxZipBytes = 5 << 20

// functionDirs lists functions/<name> directories that hold a Go main package or are meant to.
func functionDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir("functions")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) != 3 {
		t.Fatalf("functions/ holds %v, want the three functions of docs/DESIGN.md", dirs)
	}
	return dirs
}

// goStringLiterals returns every string literal in the non-test Go files under roots.
func goStringLiterals(t *testing.T, roots ...string) map[string][]string {
	t.Helper()
	lits := map[string][]string{} // value → files
	fset := token.NewFileSet()
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if bl, ok := n.(*ast.BasicLit); ok && bl.Kind == token.STRING {
					if v, err := strconv.Unquote(bl.Value); err == nil {
						lits[v] = append(lits[v], path)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return lits
}

var envName = regexp.MustCompile(`^TICKETBOOTH_[A-Z0-9_]+$`)

// configuredVariables returns the TICKETBOOTH_* variables the non-test code under shared/ and
// cmd/ names. A variable NAME_MAX counts as read when NAME and "_MAX" are both literals of one
// file (policy may derive the maximum's name from the default's).
func configuredVariables(t *testing.T) map[string]bool {
	t.Helper()
	lits := goStringLiterals(t, "shared", "cmd")
	vars := map[string]bool{}
	for v := range lits {
		if envName.MatchString(v) {
			vars[v] = true
		}
	}
	for v, files := range lits {
		if !envName.MatchString(v) {
			continue
		}
		for _, f := range files {
			if slices.Contains(lits["_MAX"], f) {
				vars[v+"_MAX"] = true
			}
		}
	}
	return vars
}

// apiRoutes returns the routes the API Handler serves, as "METHOD /path".
func apiRoutes(t *testing.T) map[string]bool {
	t.Helper()
	routes := map[string]bool{}
	for _, r := range api.Routes() {
		routes[r.Method+" "+r.Path] = true
	}
	if len(routes) == 0 {
		t.Fatal("api.Routes() is empty")
	}
	return routes
}

// makefileTargets returns each Makefile target's recipe lines.
func makefileTargets(t *testing.T) map[string][]string {
	t.Helper()
	data, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	targets := map[string][]string{}
	var current []string
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "\t"):
			for _, c := range current {
				targets[c] = append(targets[c], strings.TrimSpace(line))
			}
		case strings.Contains(line, ":") && !strings.HasPrefix(line, "#") && !strings.Contains(line, "=") && strings.TrimSpace(line) != "":
			names, _, _ := strings.Cut(line, ":")
			current = strings.Fields(names)
			for _, c := range current {
				if _, ok := targets[c]; !ok {
					targets[c] = nil
				}
			}
		case strings.TrimSpace(line) == "":
		default:
			current = nil
		}
	}
	return targets
}

// makeVariable returns the value of a recursively expanded Makefile variable.
func makeVariable(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `\s*\??=\s*(.*)$`)
	m := re.FindSubmatch(data)
	if m == nil {
		t.Fatalf("Makefile defines no %s", name)
	}
	return string(m[1])
}

// ---------------------------------------------------------------------------------------------
// template.yaml

// symbolic marks what CloudFormation resolves only at deploy time, so the test can compare it.
func symbolic(kind, name string) string { return kind + ":" + name }

// parseTemplate reads template.yaml with goformation as CloudFormation would for the given
// parameter values: conditions evaluated, parameters substituted, and resource references and
// attributes kept as "ref:Name" / "getatt:Name.Attr" so the test can follow them.
func parseTemplate(t *testing.T, params map[string]any) (*cloudformation.Template, map[string]bool) {
	t.Helper()
	data, err := os.ReadFile("template.yaml")
	if err != nil {
		t.Fatal(err)
	}

	// Pass 1: goformation's own handlers with the parameters in place evaluate the conditions.
	raw, err := intrinsics.ProcessYAML(data, &intrinsics.ProcessorOptions{ParameterOverrides: params})
	if err != nil {
		t.Fatalf("template.yaml: %v", err)
	}
	var doc struct {
		Conditions map[string]any
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	conds := map[string]bool{}
	for name, v := range doc.Conditions {
		b, ok := v.(bool)
		if !ok {
			t.Fatalf("condition %s did not evaluate to a boolean: %v", name, v)
		}
		conds[name] = b
	}

	parameters := func(tmpl any) map[string]any {
		m, _ := tmpl.(map[string]any)
		p, _ := m["Parameters"].(map[string]any)
		return p
	}
	resolveName := func(name string, tmpl any) any {
		if name == "AWS::NoValue" {
			return nil
		}
		if strings.HasPrefix(name, "AWS::") {
			return symbolic("pseudo", name)
		}
		if p, ok := parameters(tmpl)[name].(map[string]any); ok {
			if d, ok := p["Default"]; ok {
				return d
			}
			t.Errorf("parameter %s has no default", name)
			return nil
		}
		return symbolic("ref", name)
	}
	toString := func(v any) string {
		switch v := v.(type) {
		case string:
			return v
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		return fmt.Sprint(v)
	}
	sub := func(s string, vars map[string]any, tmpl any) string {
		return regexp.MustCompile(`\$\{([^}!]+)\}`).ReplaceAllStringFunc(s, func(m string) string {
			name := m[2 : len(m)-1]
			if v, ok := vars[name]; ok {
				return toString(v)
			}
			if res, attr, ok := strings.Cut(name, "."); ok {
				return symbolic("getatt", res+"."+attr)
			}
			return toString(resolveName(name, tmpl))
		})
	}
	opts := &intrinsics.ProcessorOptions{
		ParameterOverrides: params,
		IntrinsicHandlerOverrides: map[string]intrinsics.IntrinsicHandler{
			"Ref": func(_ string, input any, tmpl any) any {
				name, _ := input.(string)
				return resolveName(name, tmpl)
			},
			"Fn::GetAtt": func(_ string, input any, _ any) any {
				switch v := input.(type) {
				case []any:
					parts := make([]string, len(v))
					for i, p := range v {
						parts[i] = toString(p)
					}
					return symbolic("getatt", strings.Join(parts, "."))
				case string:
					return symbolic("getatt", v)
				}
				t.Errorf("Fn::GetAtt of %v", input)
				return nil
			},
			"Fn::If": func(_ string, input any, _ any) any {
				arr, ok := input.([]any)
				if !ok || len(arr) != 3 {
					t.Errorf("Fn::If of %v", input)
					return nil
				}
				name, _ := arr[0].(string)
				v, ok := conds[name]
				if !ok {
					t.Errorf("Fn::If names unknown condition %q", name)
					return nil
				}
				if v {
					return arr[1]
				}
				return arr[2]
			},
			"Fn::Sub": func(_ string, input any, tmpl any) any {
				switch v := input.(type) {
				case string:
					return sub(v, nil, tmpl)
				case []any:
					s, _ := v[0].(string)
					vars, _ := v[1].(map[string]any)
					return sub(s, vars, tmpl)
				}
				t.Errorf("Fn::Sub of %v", input)
				return nil
			},
		},
	}
	tmpl, err := goformation.ParseYAMLWithOptions(data, opts)
	if err != nil {
		t.Fatalf("template.yaml: %v", err)
	}
	return tmpl, conds
}

// active reports whether a resource with this Condition attribute exists.
func active(conds map[string]bool, cond string) bool { return cond == "" || conds[cond] }

func TestTemplate(t *testing.T) {
	dirs := functionDirs(t)
	targets := makefileTargets(t)
	lambdaBuild := makeVariable(t, "LAMBDA_BUILD")
	codeVars := configuredVariables(t)
	routes := apiRoutes(t)

	const givenARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ticketbooth-AbCdEf"
	tests := []struct {
		name       string
		params     map[string]any
		wantSecret string // the one ARN the functions may read
		wantJWT    bool
		wantCORS   []string
	}{
		{
			name:       "defaults: stack creates the secret, no authorizer, no CORS",
			params:     nil,
			wantSecret: symbolic("ref", "TicketboothSecret"),
		},
		{
			name: "given secret, JWT authorizer and CORS",
			params: map[string]any{
				"SecretArn":    givenARN,
				"JwtIssuerUrl": "https://issuer.example.com/",
				"JwtAudience":  "client-a,client-b",
				"CorsOrigins":  "https://a.example.com,https://b.example.com",
				"AuthMethods":  "jwt,apikey",
			},
			wantSecret: givenARN,
			wantJWT:    true,
			wantCORS:   []string{"https://a.example.com", "https://b.example.com"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, conds := parseTemplate(t, tt.params)
			if tmpl.Transform == nil || tmpl.Transform.String == nil || *tmpl.Transform.String != "AWS::Serverless-2016-10-31" {
				t.Errorf("Transform = %v, want AWS::Serverless-2016-10-31", tmpl.Transform)
			}

			g, err := tmpl.GetServerlessGlobalFunction()
			if err != nil {
				t.Fatalf("Globals.Function: %v", err)
			}
			fns := tmpl.GetAllServerlessFunctionResources()
			if len(fns) != len(dirs) {
				t.Fatalf("template has %d functions, want %d (functions/%v)", len(fns), len(dirs), dirs)
			}

			fnDir := map[string]string{} // logical id → functions/<dir>
			for id, fn := range fns {
				t.Run(id, func(t *testing.T) {
					str := func(fnVal, globalVal *string) string {
						switch {
						case fnVal != nil:
							return *fnVal
						case globalVal != nil:
							return *globalVal
						}
						return ""
					}
					num := func(fnVal, globalVal *int) int {
						switch {
						case fnVal != nil:
							return *fnVal
						case globalVal != nil:
							return *globalVal
						}
						return 0
					}
					if got := str(fn.Runtime, g.Runtime); got != "provided.al2023" {
						t.Errorf("Runtime = %q, want provided.al2023", got)
					}
					if got := str(fn.Handler, g.Handler); got != "bootstrap" {
						t.Errorf("Handler = %q, want bootstrap (the name in the AWS zips)", got)
					}
					arch := fn.Architectures
					if arch == nil && g.Architectures != nil {
						arch = *g.Architectures
					}
					if !slices.Equal(arch, []string{"arm64"}) {
						t.Errorf("Architectures = %v, want [arm64]", arch)
					}
					if m := num(fn.MemorySize, g.MemorySize); m < 128 || m > 256 {
						t.Errorf("MemorySize = %d, want 128–256", m)
					}
					if s := num(fn.Timeout, g.Timeout); s < 1 || s > 10 {
						t.Errorf("Timeout = %d, want 1–10 s", s)
					}
					codeURI := fn.CodeUri
					if codeURI == nil {
						codeURI = g.CodeUri
					}
					if codeURI == nil || codeURI.String == nil || *codeURI.String != "." {
						t.Errorf("CodeUri = %v, want . (the directory of the Makefile)", codeURI)
					}
					if bm := fn.AWSCloudFormationMetadata["BuildMethod"]; bm != "makefile" {
						t.Errorf("Metadata.BuildMethod = %v, want makefile", bm)
					}
					recipe, ok := targets["build-"+id]
					if !ok {
						t.Fatalf("Makefile has no build-%s target for SAM", id)
					}
					line := strings.Join(recipe, " ")
					if !strings.Contains(line, "$(LAMBDA_BUILD)") || !strings.Contains(line, "-o $(ARTIFACTS_DIR)/bootstrap") {
						t.Errorf("build-%s = %q, want $(LAMBDA_BUILD) -o $(ARTIFACTS_DIR)/bootstrap ./functions/<name>", id, line)
					}
					for _, d := range dirs {
						if strings.HasSuffix(line, " ./functions/"+d) {
							fnDir[id] = d
						}
					}
					if fnDir[id] == "" {
						t.Errorf("build-%s builds none of functions/%v: %q", id, dirs, line)
					}
				})
			}
			for _, want := range []string{"GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0", "-tags lambda.norpc", "-trimpath", `-ldflags "-s -w"`} {
				if !strings.Contains(lambdaBuild, want) {
					t.Errorf("LAMBDA_BUILD = %q lacks %s", lambdaBuild, want)
				}
			}
			seenDirs := map[string]string{}
			for id, d := range fnDir {
				if other, ok := seenDirs[d]; ok {
					t.Errorf("%s and %s both build functions/%s", id, other, d)
				}
				seenDirs[d] = id
			}

			t.Run("environment", func(t *testing.T) {
				env := map[string]string{}
				if g.Environment != nil {
					for k, v := range g.Environment.Variables {
						env[k] = v
					}
				}
				for id, fn := range fns {
					if fn.Environment != nil {
						for k := range fn.Environment.Variables {
							t.Errorf("%s overrides %s: keep the configuration in Globals", id, k)
						}
					}
				}
				for k := range env {
					if !codeVars[k] {
						t.Errorf("template sets %s, which no code under shared/ or cmd/ reads", k)
					}
				}
				for _, k := range []string{"TICKETBOOTH_SECRET", "TICKETBOOTH_AUTH"} {
					if _, ok := env[k]; !ok {
						t.Errorf("template does not set %s", k)
					}
				}
				if got, want := env["TICKETBOOTH_SECRET"], "aws-sm:"+tt.wantSecret; got != want {
					t.Errorf("TICKETBOOTH_SECRET = %q, want %q", got, want)
				}
				methods := strings.Split(env["TICKETBOOTH_AUTH"], ",")
				if slices.Contains(methods, "dev") {
					t.Error("TICKETBOOTH_AUTH includes dev, which is for the loopback server only")
				}
				if got := slices.Contains(methods, "gateway-jwt"); got != tt.wantJWT {
					t.Errorf("TICKETBOOTH_AUTH = %q: gateway-jwt present %v, want %v", env["TICKETBOOTH_AUTH"], got, tt.wantJWT)
				}
				if tt.params != nil {
					if got, want := env["TICKETBOOTH_CORS_ORIGINS"], tt.params["CorsOrigins"]; got != want {
						t.Errorf("TICKETBOOTH_CORS_ORIGINS = %q, want the CorsOrigins parameter %q", got, want)
					}
				}
			})

			t.Run("secret", func(t *testing.T) {
				secrets := tmpl.GetAllSecretsManagerSecretResources()
				created := 0
				for _, s := range secrets {
					if active(conds, s.AWSCloudFormationCondition) {
						created++
					}
				}
				if wantCreated := tt.params["SecretArn"] == nil; (created == 1) != wantCreated || created > 1 {
					t.Errorf("stack creates %d secrets, want %v", created, map[bool]int{true: 1, false: 0}[wantCreated])
				}
				for id, fn := range fns {
					grants := secretGrants(t, id, fn)
					if len(grants) != 1 {
						t.Errorf("%s: %d statements grant secretsmanager actions, want exactly 1: %v", id, len(grants), grants)
						continue
					}
					st := grants[0]
					if st.Effect != "Allow" || !slices.Equal(st.Actions, []string{"secretsmanager:GetSecretValue"}) {
						t.Errorf("%s: statement %+v, want Allow secretsmanager:GetSecretValue only", id, st)
					}
					if !slices.Equal(st.Resources, []string{tt.wantSecret}) {
						t.Errorf("%s: Resource = %v, want exactly [%s]", id, st.Resources, tt.wantSecret)
					}
				}
			})

			t.Run("routes", func(t *testing.T) {
				integrations := tmpl.GetAllApiGatewayV2IntegrationResources()
				authorizers := tmpl.GetAllApiGatewayV2AuthorizerResources()
				got := map[string]bool{}
				for id, r := range tmpl.GetAllApiGatewayV2RouteResources() {
					if !active(conds, r.AWSCloudFormationCondition) {
						continue
					}
					if got[r.RouteKey] {
						t.Errorf("route %s defined twice", r.RouteKey)
					}
					got[r.RouteKey] = true
					target := ""
					if r.Target != nil {
						target = *r.Target
					}
					integID, ok := strings.CutPrefix(target, "integrations/ref:")
					integ := integrations[integID]
					if !ok || integ == nil {
						t.Errorf("%s: target %q is not one of the template's integrations", id, target)
						continue
					}
					if integ.IntegrationType != "AWS_PROXY" || integ.PayloadFormatVersion == nil || *integ.PayloadFormatVersion != "2.0" {
						t.Errorf("%s: integration %s is not AWS_PROXY payload 2.0", id, integID)
					}
					fnID, _ := strings.CutPrefix(derefString(integ.IntegrationUri), "getatt:")
					fnID, _ = strings.CutSuffix(fnID, ".Arn")
					if _, ok := fns[fnID]; !ok {
						t.Errorf("%s: integration %s invokes %q, not one of the functions", id, integID, derefString(integ.IntegrationUri))
						continue
					}
					_, path, _ := strings.Cut(r.RouteKey, " ")
					if name, ok := strings.CutPrefix(path, "/v1/"); ok && fnDir[fnID] != name {
						t.Errorf("%s is served by %s (functions/%s), want functions/%s", r.RouteKey, fnID, fnDir[fnID], name)
					}
					authType := derefString(r.AuthorizationType)
					wantAuth := "NONE"
					if tt.wantJWT && path != "/healthz" {
						wantAuth = "JWT"
					}
					if authType != wantAuth {
						t.Errorf("%s: AuthorizationType = %q, want %s", r.RouteKey, authType, wantAuth)
					}
					if authType == "JWT" {
						authID, _ := strings.CutPrefix(derefString(r.AuthorizerId), "ref:")
						a := authorizers[authID]
						if a == nil || !active(conds, a.AWSCloudFormationCondition) || a.AuthorizerType != "JWT" || a.JwtConfiguration == nil {
							t.Errorf("%s: authorizer %q is not an active JWT authorizer", r.RouteKey, authID)
						} else {
							if got := derefString(a.JwtConfiguration.Issuer); got != tt.params["JwtIssuerUrl"] {
								t.Errorf("authorizer issuer = %q, want %v", got, tt.params["JwtIssuerUrl"])
							}
							if want := strings.Split(tt.params["JwtAudience"].(string), ","); !slices.Equal(a.JwtConfiguration.Audience, want) {
								t.Errorf("authorizer audience = %v, want %v", a.JwtConfiguration.Audience, want)
							}
						}
					}
				}
				if !mapsEqual(got, routes) {
					t.Errorf("template routes = %v, want the API's %v", keys(got), keys(routes))
				}
			})

			t.Run("api", func(t *testing.T) {
				apis := tmpl.GetAllApiGatewayV2ApiResources()
				if len(apis) != 1 {
					t.Fatalf("template has %d HTTP APIs, want 1", len(apis))
				}
				for _, api := range apis {
					if derefString(api.ProtocolType) != "HTTP" {
						t.Errorf("ProtocolType = %q, want HTTP", derefString(api.ProtocolType))
					}
					var origins []string
					if api.CorsConfiguration != nil {
						origins = api.CorsConfiguration.AllowOrigins
					}
					if !slices.Equal(origins, tt.wantCORS) {
						t.Errorf("CORS origins = %v, want %v", origins, tt.wantCORS)
					}
				}
				stages := tmpl.GetAllApiGatewayV2StageResources()
				if len(stages) != 1 {
					t.Fatalf("template has %d stages, want 1", len(stages))
				}
				for _, s := range stages {
					rs := s.DefaultRouteSettings
					if rs == nil || rs.ThrottlingRateLimit == nil || *rs.ThrottlingRateLimit <= 0 || rs.ThrottlingBurstLimit == nil || *rs.ThrottlingBurstLimit <= 0 {
						t.Errorf("stage %s has no throttling (DefaultRouteSettings %+v)", s.StageName, rs)
					}
					if s.AccessLogSettings == nil || strings.Contains(strings.ToLower(derefString(s.AccessLogSettings.Format)), "header") {
						t.Errorf("stage %s: want access logs that record no header", s.StageName)
					}
				}
				for id, p := range tmpl.GetAllLambdaPermissionResources() {
					if p.Principal != "apigateway.amazonaws.com" || !strings.Contains(derefString(p.SourceArn), "ref:TicketboothApi") {
						t.Errorf("%s lets %s invoke from %q, want only this API", id, p.Principal, derefString(p.SourceArn))
					}
				}
				out, ok := tmpl.Outputs["ApiUrl"]
				if !ok {
					t.Fatal("no ApiUrl output")
				}
				if v, _ := out.Value.(string); !strings.HasPrefix(v, "https://ref:TicketboothApi.execute-api.") {
					t.Errorf("ApiUrl = %v, want the API's execute-api URL", out.Value)
				}
			})

			t.Run("logs and alarms", func(t *testing.T) {
				groups := map[string]int{}
				for id, lg := range tmpl.GetAllLogsLogGroupResources() {
					if lg.RetentionInDays == nil || *lg.RetentionInDays <= 0 {
						t.Errorf("log group %s keeps logs forever: set RetentionInDays", id)
					}
					groups[derefString(lg.LogGroupName)] = derefInt(lg.RetentionInDays)
				}
				alarms := map[string]bool{}
				for id, a := range tmpl.GetAllCloudWatchAlarmResources() {
					for _, d := range a.Dimensions {
						if d.Name == "FunctionName" {
							alarms[derefString(a.Namespace)+" "+derefString(a.MetricName)+" "+d.Value] = true
						}
					}
					if a.Threshold == nil || a.ComparisonOperator == "" {
						t.Errorf("alarm %s has no threshold", id)
					}
				}
				for id := range fns {
					if _, ok := groups["/aws/lambda/"+symbolic("ref", id)]; !ok {
						t.Errorf("%s has no log group with retention", id)
					}
					for _, metric := range []string{"Errors", "Throttles"} {
						if !alarms["AWS/Lambda "+metric+" "+symbolic("ref", id)] {
							t.Errorf("%s has no %s alarm", id, metric)
						}
					}
				}
			})
		})
	}
}

type grant struct {
	Effect    string
	Actions   []string
	Resources []string
}

// secretGrants returns the policy statements of fn that mention a secretsmanager action.
func secretGrants(t *testing.T, id string, fn *serverless.Function) []grant {
	t.Helper()
	if fn.Policies == nil {
		return nil
	}
	var docs []serverless.Function_IAMPolicyDocument
	switch {
	case fn.Policies.IAMPolicyDocumentArray != nil:
		docs = *fn.Policies.IAMPolicyDocumentArray
	case fn.Policies.IAMPolicyDocument != nil:
		docs = []serverless.Function_IAMPolicyDocument{*fn.Policies.IAMPolicyDocument}
	default:
		t.Errorf("%s: Policies are not inline policy documents; the test cannot check them", id)
		return nil
	}
	list := func(v any) []string {
		switch v := v.(type) {
		case string:
			return []string{v}
		case []any:
			var out []string
			for _, e := range v {
				out = append(out, fmt.Sprint(e))
			}
			return out
		}
		return []string{fmt.Sprintf("%v", v)}
	}
	var grants []grant
	for _, d := range docs {
		for _, s := range d.Statement {
			m, ok := s.(map[string]any)
			if !ok {
				t.Errorf("%s: statement %v is not an object", id, s)
				continue
			}
			g := grant{Effect: fmt.Sprint(m["Effect"]), Actions: list(m["Action"]), Resources: list(m["Resource"])}
			for _, a := range g.Actions {
				if strings.HasPrefix(a, "secretsmanager:") || a == "*" {
					grants = append(grants, g)
					break
				}
			}
			for _, r := range g.Resources {
				if strings.Contains(r, "*") {
					t.Errorf("%s: statement grants on wildcard resource %q", id, r)
				}
			}
		}
	}
	return grants
}

// ---------------------------------------------------------------------------------------------
// serverless.yml

type slsFunction struct {
	Src         string `yaml:"src"`
	Handler     string `yaml:"handler"`
	Runtime     string `yaml:"runtime"`
	MemorySize  int    `yaml:"memorySize"`
	Timeout     int    `yaml:"timeout"`
	Role        string `yaml:"role"`
	Environment struct {
		Variables map[string]string `yaml:"variables"`
	} `yaml:"environment"`
}

type slsFile struct {
	Component string `yaml:"component"`
	Inputs    struct {
		Src struct {
			Src string `yaml:"src"`
		} `yaml:"src"`
		Region    string                 `yaml:"region"`
		Type      string                 `yaml:"type"`
		Runtime   string                 `yaml:"runtime"`
		Functions map[string]slsFunction `yaml:"functions"`
		Triggers  []struct {
			Type       string `yaml:"type"`
			Parameters struct {
				Protocols []string `yaml:"protocols"`
				APIs      []struct {
					Path     string `yaml:"path"`
					Method   string `yaml:"method"`
					Function string `yaml:"function"`
				} `yaml:"apis"`
			} `yaml:"parameters"`
		} `yaml:"triggers"`
	} `yaml:"inputs"`
}

func TestServerlessYML(t *testing.T) {
	dirs := functionDirs(t)
	codeVars := configuredVariables(t)
	routes := apiRoutes(t)
	data, err := os.ReadFile("serverless.yml")
	if err != nil {
		t.Fatal(err)
	}
	var sls slsFile
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&sls); err != nil {
		t.Fatalf("serverless.yml: %v", err)
	}
	if sls.Component != "multi-scf" {
		t.Errorf("component = %q, want multi-scf", sls.Component)
	}
	if sls.Inputs.Type != "event" {
		t.Errorf("inputs.type = %q, want event (the scf build handles API Gateway events)", sls.Inputs.Type)
	}
	// The SCF binaries come from `make build`: build/scf/<fn>/main, linux/amd64, -tags scf.
	scfBuild := makeVariable(t, "SCF_BUILD")
	for _, want := range []string{"GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=0", "-tags scf", "-trimpath"} {
		if !strings.Contains(scfBuild, want) {
			t.Errorf("SCF_BUILD = %q lacks %s", scfBuild, want)
		}
	}
	buildRecipe := strings.Join(makefileTargets(t)["build"], " ")
	if !strings.Contains(buildRecipe, "$(SCF_BUILD) -o build/scf/$$f/main ./functions/$$f") {
		t.Errorf("make build does not write build/scf/<fn>/main with $(SCF_BUILD): %q", buildRecipe)
	}
	if got := filepath.Clean(sls.Inputs.Src.Src); got != filepath.Join("build", "scf") {
		t.Errorf("inputs.src.src = %q, want ./build/scf", sls.Inputs.Src.Src)
	}

	var fnKeys []string
	for k := range sls.Inputs.Functions {
		fnKeys = append(fnKeys, k)
	}
	slices.Sort(fnKeys)
	if !slices.Equal(fnKeys, dirs) {
		t.Fatalf("functions = %v, want %v", fnKeys, dirs)
	}
	var secretName, secretVersion string
	for _, key := range fnKeys {
		fn := sls.Inputs.Functions[key]
		t.Run(key, func(t *testing.T) {
			if filepath.Clean(fn.Src) != key {
				t.Errorf("src = %q, want ./%s (build/scf/%s/main)", fn.Src, key, key)
			}
			if fn.Handler != "main" {
				t.Errorf("handler = %q, want main (the executable in the SCF zips)", fn.Handler)
			}
			runtime := fn.Runtime
			if runtime == "" {
				runtime = sls.Inputs.Runtime
			}
			if runtime != "Go1" {
				t.Errorf("runtime = %q, want Go1", runtime)
			}
			if fn.MemorySize < 64 || fn.MemorySize > 256 || fn.Timeout < 1 || fn.Timeout > 10 {
				t.Errorf("memorySize %d, timeout %d: want small (≤256 MB, ≤10 s)", fn.MemorySize, fn.Timeout)
			}
			if fn.Role == "" {
				t.Error("no role: the function could not read the SSM secret")
			}
			env := fn.Environment.Variables
			for k := range env {
				if !codeVars[k] {
					t.Errorf("sets %s, which no code under shared/ or cmd/ reads", k)
				}
			}
			name, ok := strings.CutPrefix(env["TICKETBOOTH_SECRET"], "tencent-ssm:")
			if !ok || name == "" {
				t.Errorf("TICKETBOOTH_SECRET = %q, want tencent-ssm:<name>", env["TICKETBOOTH_SECRET"])
			}
			name, version, _ := strings.Cut(name, "#")
			if version == "" {
				t.Errorf("TICKETBOOTH_SECRET = %q names no version: SSM's default SSM_Current exists only for secrets Tencent rotates", env["TICKETBOOTH_SECRET"])
			}
			if secretName == "" {
				secretName, secretVersion = name, version
			} else if name != secretName || version != secretVersion {
				t.Errorf("reads secret %q#%s, another function %q#%s: want one secret", name, version, secretName, secretVersion)
			}
			methods := strings.Split(env["TICKETBOOTH_AUTH"], ",")
			if env["TICKETBOOTH_AUTH"] == "" || slices.Contains(methods, "dev") || slices.Contains(methods, "gateway-jwt") {
				t.Errorf("TICKETBOOTH_AUTH = %q: want methods that work behind Tencent's gateway (no dev, no gateway-jwt)", env["TICKETBOOTH_AUTH"])
			}
		})
	}

	got := map[string]bool{}
	for _, tr := range sls.Inputs.Triggers {
		if tr.Type != "apigw" {
			t.Errorf("trigger type %q: only API Gateway triggers are expected", tr.Type)
			continue
		}
		if !slices.Equal(tr.Parameters.Protocols, []string{"https"}) {
			t.Errorf("apigw protocols = %v, want [https] (WeChat requires HTTPS)", tr.Parameters.Protocols)
		}
		for _, a := range tr.Parameters.APIs {
			key := strings.ToUpper(a.Method) + " " + a.Path
			if got[key] {
				t.Errorf("route %s defined twice", key)
			}
			got[key] = true
			if _, ok := sls.Inputs.Functions[a.Function]; !ok {
				t.Errorf("%s is served by unknown function %q", key, a.Function)
			}
			if name, ok := strings.CutPrefix(a.Path, "/v1/"); ok && a.Function != name {
				t.Errorf("%s is served by %s, want %s", key, a.Function, name)
			}
		}
	}
	if !mapsEqual(got, routes) {
		t.Errorf("serverless.yml routes = %v, want the API's %v", keys(got), keys(routes))
	}

	t.Run("the docs store the version serverless.yml reads", func(t *testing.T) {
		var data []byte
		for _, name := range []string{"docs/secrets.md", "docs/deploy-scf.md"} {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			data = append(data, b...)
		}
		var n int
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.Contains(line, "tccli ssm") || !strings.Contains(line, "--SecretName") {
				continue
			}
			n++
			if !strings.Contains(line, "--SecretName "+secretName+" ") || !strings.Contains(line, "--VersionId "+secretVersion+" ") {
				t.Errorf("docs line %q: want --SecretName %s --VersionId %s, what serverless.yml reads", strings.TrimSpace(line), secretName, secretVersion)
			}
		}
		if n == 0 {
			t.Error("docs/secrets.md and docs/deploy-scf.md have no tccli ssm command storing the secret")
		}
	})

	t.Run("CAM policy in docs/deploy-scf.md", func(t *testing.T) {
		policy := readmeCAMPolicy(t)
		if policy.Version != "2.0" || len(policy.Statement) != 1 {
			t.Fatalf("docs CAM policy %+v: want version 2.0 with one statement", policy)
		}
		st := policy.Statement[0]
		if st.Effect != "allow" || !slices.Equal(st.Action, []string{"ssm:GetSecretValue"}) {
			t.Errorf("docs CAM policy statement %+v: want allow ssm:GetSecretValue only", st)
		}
		if len(st.Resource) != 1 || strings.Contains(st.Resource[0], "*") || !strings.HasSuffix(st.Resource[0], "/"+secretName) ||
			!strings.HasPrefix(st.Resource[0], "qcs::ssm:"+sls.Inputs.Region+":uin/") {
			t.Errorf("docs CAM policy resource %v: want the one secret qcs::ssm:%s:uin/…/%s", st.Resource, sls.Inputs.Region, secretName)
		}
	})
}

type camPolicy struct {
	Version   string `json:"version"`
	Statement []struct {
		Effect   string   `json:"effect"`
		Action   []string `json:"action"`
		Resource []string `json:"resource"`
	} `json:"statement"`
}

// readmeCAMPolicy returns the CAM policy JSON the "## Deploying" section of docs/deploy-scf.md
// gives for SCF.
func readmeCAMPolicy(t *testing.T) camPolicy {
	t.Helper()
	data, err := os.ReadFile("docs/deploy-scf.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Deploying\n")
	if !ok {
		t.Fatal(`docs/deploy-scf.md has no "## Deploying" section`)
	}
	if i := strings.Index(section, "\n## "); i >= 0 {
		section = section[:i]
	}
	for _, block := range regexp.MustCompile("(?s)```json\n(.*?)```").FindAllStringSubmatch(section, -1) {
		if !strings.Contains(block[1], "ssm:GetSecretValue") {
			continue
		}
		var p camPolicy
		if err := json.Unmarshal([]byte(block[1]), &p); err != nil {
			t.Fatalf("docs/deploy-scf.md CAM policy is not valid JSON: %v", err)
		}
		return p
	}
	t.Fatal("docs/deploy-scf.md's Deploying section has no CAM policy granting ssm:GetSecretValue")
	return camPolicy{}
}

// ---------------------------------------------------------------------------------------------
// the zips of `make package`

func TestPackagedZips(t *testing.T) {
	dirs := functionDirs(t)
	type cloud struct {
		dir     string
		entry   string // the handler the template or serverless.yml names
		machine elf.Machine
	}
	clouds := []cloud{
		{filepath.Join("build", "aws"), "bootstrap", elf.EM_AARCH64},
		{filepath.Join("build", "scf"), "main", elf.EM_X86_64},
	}
	if _, err := os.Stat(filepath.Join(clouds[0].dir, dirs[0]+".zip")); os.IsNotExist(err) && os.Getenv("REQUIRE_PACKAGES") == "" {
		t.Skip("no zips in build/: `make package` builds them and runs this test")
	}
	for _, c := range clouds {
		for _, d := range dirs {
			path := filepath.Join(c.dir, d+".zip")
			t.Run(path, func(t *testing.T) {
				fi, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: %d bytes (%.2f MB)", path, fi.Size(), float64(fi.Size())/(1<<20))
				if fi.Size() > maxZipBytes {
					t.Errorf("%s is %d bytes, over the %d-byte target", path, fi.Size(), maxZipBytes)
				}
				zr, err := zip.OpenReader(path)
				if err != nil {
					t.Fatal(err)
				}
				defer zr.Close()
				if len(zr.File) != 1 || zr.File[0].Name != c.entry {
					var names []string
					for _, f := range zr.File {
						names = append(names, f.Name)
					}
					t.Fatalf("%s holds %v, want exactly [%s]", path, names, c.entry)
				}
				f := zr.File[0]
				if f.Mode().Perm() != 0o755 || !f.Mode().IsRegular() {
					t.Errorf("%s mode = %v, want -rwxr-xr-x", c.entry, f.Mode())
				}
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				data, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					t.Fatal(err)
				}
				tmp := filepath.Join(t.TempDir(), c.entry)
				if err := os.WriteFile(tmp, data, 0o600); err != nil {
					t.Fatal(err)
				}
				ef, err := elf.Open(tmp)
				if err != nil {
					t.Fatalf("%s/%s is not ELF: %v", path, c.entry, err)
				}
				defer ef.Close()
				if ef.Machine != c.machine || ef.Type != elf.ET_EXEC {
					t.Errorf("%s/%s is %v %v, want %v executable", path, c.entry, ef.Machine, ef.Type, c.machine)
				}
				if ef.Class != elf.ELFCLASS64 {
					t.Errorf("%s/%s is %v, want 64-bit", path, c.entry, ef.Class)
				}
				if interp := ef.Section(".interp"); interp != nil {
					t.Errorf("%s/%s is dynamically linked; build with CGO_ENABLED=0", path, c.entry)
				}
			})
		}
	}
}

// ---------------------------------------------------------------------------------------------

func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func derefInt(i *int) int {
	if i == nil {
		return 0
	}
	return *i
}

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
