package braid.cli;

import org.jspecify.annotations.Nullable;
import braid.sap.BusinessPartnerClient;
import braid.sap.Category;
import braid.sap.ClientList;
import braid.sap.InvalidEmail;
import braid.sap.PartnerFilter;
import braid.sap.SapAuth;
import braid.sap.SapClient;
import braid.sap.SapException;
import braid.sap.SapSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code braid sap} command: talks to SAP's Business Partner API; its subcommand {@code clients} lists clients. */
@Command(name = "sap", description = "Reads from SAP (OData V2 API_BUSINESS_PARTNER).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"2:no or an unknown command"},
        subcommands = {SapCommand.Clients.class})
public final class SapCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Main.missingSubcommand(spec);
    }

    /**
     * {@code braid sap clients}: lists the clients as a table, JSON or CSV, with a summary line. Secrets are read
     * from environment variables named on the command line, never from arguments, and never printed. It goes
     * through a proxy as {@code braid news} and the daily run do: {@code --proxy}, else {@code https_proxy} and
     * {@code no_proxy}, with the credentials of the proxy URL.
     */
    @Command(name = "clients", mixinStandardHelpOptions = true,
            description = {"Lists the clients (business partners that are neither blocked nor archived).",
                    "Goes through the proxy of --proxy, else of https_proxy / http_proxy (no_proxy honoured), "
                            + "sending the credentials of the proxy URL as Basic."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:listed", "1:SAP or its proxy failed (status, SAP error, URL or proxy, without secrets)", "2:bad usage"})
    public static final class Clients implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--url", required = true, paramLabel = "URL",
                description = "The OData service's root URL: /sap/opu/odata/sap/API_BUSINESS_PARTNER on your SAP host (https).")
        URI url;

        @Option(names = "--sap-client", paramLabel = "NNN", description = "The sap-client (three digits).")
        String sapClient;

        @Option(names = "--user", paramLabel = "USER", description = "User for HTTP Basic authentication.")
        String user;

        @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the Basic password.")
        String passwordEnv;

        @Option(names = "--api-key-env", paramLabel = "VAR", description = "Environment variable holding the API key.")
        String apiKeyEnv;

        @Option(names = "--api-key-header", paramLabel = "NAME", defaultValue = "APIKey",
                description = "Header for the API key (default: ${DEFAULT-VALUE}).")
        String apiKeyHeader;

        @Option(names = "--token-url", paramLabel = "URL", description = "OAuth 2.0 token endpoint (client credentials).")
        URI tokenUrl;

        @Option(names = "--client-id", paramLabel = "ID", description = "OAuth 2.0 client id.")
        String clientId;

        @Option(names = "--client-secret-env", paramLabel = "VAR", description = "Environment variable holding the OAuth client secret.")
        String clientSecretEnv;

        @Option(names = "--header", paramLabel = "NAME=VALUE", description = "Extra request header (repeatable; not for secrets).")
        Map<String, String> headers = new LinkedHashMap<>();

        @Option(names = "--filter", paramLabel = "EXPR", description = "Raw OData $filter expression.")
        String filter;

        @Option(names = "--category", paramLabel = "CAT", description = "Only PERSON, ORGANIZATION or GROUP.")
        String category;

        @Option(names = "--customers-only", description = "Only partners with a customer number.")
        boolean customersOnly;

        @Option(names = "--changed-since", paramLabel = "YYYY-MM-DD", description = "Only partners changed on or after this day.")
        LocalDate changedSince;

        @Option(names = "--page-size", paramLabel = "N", defaultValue = "1000", description = "$top per page (default: ${DEFAULT-VALUE}).")
        int pageSize;

        @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", description = "Pages at a time (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--pages-ahead", paramLabel = "N", defaultValue = "0",
                description = "Pages requested together with the first, before SAP has said how many there are: one round "
                        + "trip less for a long list, up to N empty answers for a short one (default: ${DEFAULT-VALUE}; "
                        + "in braid.yaml the key pagesAhead of the sap section).")
        int pagesAhead;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = NewsCommand.DurationConverter.class,
                description = "Limit for each page, such as 60s, 2m or PT1M (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Option(names = {"--trust-store", "--insecure-trust-store"}, paramLabel = "PATH",
                description = "PKCS12/JKS trust store replacing the JDK's CAs (TLS stays verified).")
        Path trustStore;

        @Option(names = "--trust-store-password-env", paramLabel = "VAR", description = "Environment variable holding the trust store password.")
        String trustStorePasswordEnv;

        @Option(names = "--proxy", paramLabel = "URL|none", description = CommandLineProxy.HELP)
        String proxy;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Option(names = "--csv", description = "Print CSV (RFC 4180).")
        boolean csv;

        private final Map<String, String> environment;

        public Clients() {
            this(System.getenv());
        }

        /** For tests: the environment the secrets and the default proxy are read from. */
        Clients(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() throws Exception {
            SapSettings settings = settings();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ClientList list;
            try (BusinessPartnerClient client = BusinessPartnerClient.create(settings)) {
                list = client.fetchClients();
            } catch (SapException e) {
                err.println("braid sap clients: " + e.getMessage());
                err.flush();
                return 1;
            }
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
            } else if (csv) {
                out.print(csv(list.clients()));
            } else {
                out.print(table(list.clients()));
            }
            // Machine-readable output keeps stdout clean; the summary goes to stderr there.
            PrintWriter summary = json || csv ? err : out;
            for (InvalidEmail bad : list.invalid()) {
                err.println("invalid e-mail, not used: partner " + bad.partnerId() + " <" + bad.address() + ">: "
                        + bad.reason());
            }
            summary.println(list.summary());
            out.flush();
            err.flush();
            return 0;
        }

        private SapSettings settings() {
            if (json && csv) {
                throw usage("--json and --csv exclude each other");
            }
            List<String> auths = new ArrayList<>();
            if (user != null || passwordEnv != null) {
                auths.add("--user/--password-env");
            }
            if (apiKeyEnv != null) {
                auths.add("--api-key-env");
            }
            if (tokenUrl != null || clientId != null || clientSecretEnv != null) {
                auths.add("--token-url/--client-id/--client-secret-env");
            }
            if (auths.size() > 1) {
                throw usage("choose one authentication, not " + String.join(" and ", auths));
            }
            SapAuth auth = SapAuth.NONE;
            if (user != null || passwordEnv != null) {
                if (user == null || passwordEnv == null) {
                    throw usage("Basic authentication needs both --user and --password-env");
                }
                auth = new SapAuth.Basic(user, secret(passwordEnv, "--password-env"));
            } else if (apiKeyEnv != null) {
                auth = new SapAuth.ApiKey(apiKeyHeader, secret(apiKeyEnv, "--api-key-env"));
            } else if (!auths.isEmpty()) {
                if (tokenUrl == null || clientId == null || clientSecretEnv == null) {
                    throw usage("OAuth needs --token-url, --client-id and --client-secret-env");
                }
                auth = new SapAuth.OAuthClientCredentials(tokenUrl, clientId,
                        secret(clientSecretEnv, "--client-secret-env"));
            }
            Category cat = null;
            if (category != null) {
                try {
                    cat = Category.valueOf(category.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    cat = null;
                }
                if (cat == null || cat == Category.OTHER) {
                    throw usage("--category must be PERSON, ORGANIZATION or GROUP, not '" + category + "'");
                }
            }
            try {
                SapSettings.Builder b = SapSettings.builder(url).sapClient(sapClient).auth(auth)
                        .filter(new PartnerFilter(cat, customersOnly, changedSince, filter))
                        .pageSize(pageSize).concurrency(concurrency).pagesAhead(pagesAhead)
                        .pageTimeout(timeout);
                headers.forEach(b::header);
                CommandLineProxy.resolve(proxy, environment).applyTo(b, url);
                if (CommandLineProxy.passwordOnCommandLine(proxy))
                    spec.commandLine().getErr().println("warning: the proxy password in --proxy is visible to other users in ps; set "
                            + CommandLineProxy.PASSWORD_ENV + " (with --proxy http://user@host:port) or https_proxy instead");
                if (trustStore != null) {
                    b.trustStore(trustStore, trustStorePasswordEnv == null ? null
                            : secret(trustStorePasswordEnv, "--trust-store-password-env"));
                }
                return b.build();
            } catch (IllegalArgumentException e) {
                throw usage(String.valueOf(e.getMessage()));
            }
        }

        private String secret(String variable, String option) {
            String value = environment.get(variable);
            if (value == null || value.isEmpty()) {
                throw usage(option + ": environment variable " + variable + " is not set");
            }
            return value;
        }

        private ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }
    }

    /** RFC 4180 CSV; hand-written because no CSV library is managed by the build and the format is tiny. */
    static String csv(List<SapClient> clients) {
        StringBuilder b = new StringBuilder("id,name,email,website,category\r\n");
        for (SapClient c : clients) {
            b.append(field(c.id())).append(',').append(field(c.name())).append(',')
                    .append(field(c.email())).append(',')
                    .append(field(c.website())).append(',')
                    .append(c.category().name()).append("\r\n");
        }
        return b.toString();
    }

    private static String field(@Nullable String s) {
        if (s == null) {
            return "";
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    static String table(List<SapClient> clients) {
        String[] head = {"ID", "NAME", "E-MAIL", "WEBSITE", "CATEGORY"};
        List<String[]> rows = new ArrayList<>();
        for (SapClient c : clients) {
            rows.add(new String[] {c.id(), c.name(), c.email() == null ? "-" : c.email(),
                    c.website() == null ? "-" : c.website(), c.category().name().toLowerCase(Locale.ROOT)});
        }
        int[] width = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            width[i] = head[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, head, width);
        for (String[] r : rows) {
            line(b, r, width);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            b.append(cells[i]);
            if (i < cells.length - 1) {
                b.append(" ".repeat(width[i] - cells[i].codePointCount(0, cells[i].length()) + 2));
            }
        }
        b.append('\n');
    }

    static CommandLine.IFactory factory(Map<String, String> environment) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == Clients.class) {
                    return cls.cast(new Clients(environment));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        };
    }
}
