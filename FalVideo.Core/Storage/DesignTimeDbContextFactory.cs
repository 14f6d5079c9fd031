using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FalVideo.Core.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> run against the Core project alone.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FalVideoDbContext>
{
    public FalVideoDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<FalVideoDbContext>().UseSqlite("Data Source=design.db").Options);
}
