using FalVideo.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FalVideo.Core.Storage;

public sealed class FalVideoDbContext(DbContextOptions<FalVideoDbContext> options) : DbContext(options)
{
    public DbSet<VideoJob> Jobs => Set<VideoJob>();
    public DbSet<JobAttempt> JobAttempts => Set<JobAttempt>();
    public DbSet<Batch> Batches => Set<Batch>();
    public DbSet<AppSetting> Settings => Set<AppSetting>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset/decimal columns in SQL; store them as sortable numbers.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var status = new ValueConverter<JobStatus, string>(s => s.ToWire(), s => Enum.Parse<JobStatus>(s, true));
        var batchStatus = new ValueConverter<BatchStatus, string>(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<BatchStatus>(s, true));

        modelBuilder.Entity<VideoJob>(job =>
        {
            job.ToTable("jobs");
            job.HasKey(j => j.Id);
            job.Property(j => j.Status).HasConversion(status).HasMaxLength(16);
            job.Property(j => j.ModelId).HasMaxLength(200);
            job.HasIndex(j => j.Status);
            job.HasIndex(j => j.CreatedAt);
            job.HasIndex(j => new { j.BatchId, j.RowNumber });
            job.HasIndex(j => j.RequestId);
            job.HasMany(j => j.PreviousAttempts).WithOne().HasForeignKey(a => a.JobId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<JobAttempt>(attempt =>
        {
            attempt.ToTable("job_attempts");
            attempt.Property(a => a.Status).HasConversion(status).HasMaxLength(16);
        });
        modelBuilder.Entity<Batch>(batch =>
        {
            batch.ToTable("batches");
            batch.Property(b => b.Status).HasConversion(batchStatus).HasMaxLength(16);
            batch.HasIndex(b => b.CreatedAt);
        });
        modelBuilder.Entity<AppSetting>(setting =>
        {
            setting.ToTable("settings");
            setting.HasKey(s => s.Key);
        });
    }
}
