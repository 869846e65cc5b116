// One executable resource, nothing else: what any Aspire AppHost costs to reach "Distributed application started".
var builder = DistributedApplication.CreateBuilder(args);
builder.AddExecutable("sleeper", "sleep", Directory.GetCurrentDirectory(), "infinity");
await builder.Build().RunAsync();
