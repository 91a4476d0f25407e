using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Api;

/// <summary>
/// The built application run as an operator runs it: <c>dotnet itaku.dll …</c> in a process of its own,
/// on a database of its own (a SQLite file in a temporary folder, or a fresh PostgreSQL database when the
/// tests run on PostgreSQL). Disposing kills the server and removes the data.
/// </summary>
public sealed class ItakuProcess : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("itaku-process-").FullName;
    private readonly TestDatabase? _postgres = TestDatabase.IsPostgres ? new TestDatabase() : null;
    private readonly StringBuilder _log = new();
    private Process? _server;

    /// <summary>The assembly the tests reference is the application itself; its runtimeconfig sits beside it.</summary>
    public static string ItakuDll => typeof(Program).Assembly.Location;

    public Uri? BaseAddress { get; private set; }

    public string ProviderName => _postgres is null ? "Sqlite" : "Postgres";

    public string ConnectionString => _postgres?.ConnectionString ?? $"Data Source={Path.Combine(_dir, "itaku.db")}";

    /// <summary>Ends the server the way a power cut or the OOM killer would: SIGKILL, no shutdown code runs.</summary>
    public async Task KillServerAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
        _server = null;
    }

    /// <summary>Everything the processes printed, for the test output.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Runs a verb to completion (e.g. <c>admin create-user</c>) with <paramref name="stdin"/> as its input.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string stdin, CancellationToken ct, params string[] args)
    {
        using var process = Start(args);
        await process.StandardInput.WriteLineAsync(stdin.AsMemory(), ct);
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        // WaitForExit with no timeout also waits for the redirected streams to be read to the end.
        await process.WaitForExitAsync(CancellationToken.None);
        return (process.ExitCode, Log);
    }

    /// <summary>Starts <c>serve</c> on a free loopback port and waits until /healthz answers.</summary>
    public async Task StartServerAsync(CancellationToken ct)
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _server = Start("--urls", BaseAddress.ToString().TrimEnd('/'));
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"itaku exited with {_server.ExitCode} before listening:\n{Log}");
            }

            try
            {
                using var health = await http.GetAsync("/healthz", ct);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Slow first answer.
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"itaku did not answer /healthz within 90 s:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _server.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                // Leave it to the OS; the data folder may then stay behind.
            }
        }

        _server?.Dispose();
        _postgres?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = _dir, // no appsettings.json here: the app takes its own folder as content root
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(ItakuDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var inherited in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            info.Environment.Remove(inherited);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Database__Provider"] = _postgres is null ? "Sqlite" : "Postgres";
        info.Environment["ConnectionStrings__Itaku"] = ConnectionString;
        info.Environment["DataProtection__KeysPath"] = Path.Combine(_dir, "keys");
        info.Environment["Ledger__SigningKeyPath"] = Path.Combine(_dir, "ledger-signing-key.pem");

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        Append($"$ dotnet itaku.dll {string.Join(' ', args)}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>The dotnet host running these tests, or the one on PATH.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
