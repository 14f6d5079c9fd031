using FalVideo.Core.Domain;

namespace FalVideo.Tests.Domain;

public sealed class JobStatusRulesTests
{
    [Theory]
    [InlineData(JobStatus.Pending, JobStatus.Submitting)]
    [InlineData(JobStatus.Submitting, JobStatus.Queued)]
    [InlineData(JobStatus.Queued, JobStatus.Running)]
    [InlineData(JobStatus.Running, JobStatus.Downloading)]
    [InlineData(JobStatus.Downloading, JobStatus.Completed)]
    [InlineData(JobStatus.Submitting, JobStatus.Interrupted)]
    [InlineData(JobStatus.Failed, JobStatus.Pending)]
    [InlineData(JobStatus.Interrupted, JobStatus.Pending)]
    public void CanMove_AlongAJobsLife_IsAllowed(JobStatus from, JobStatus to) => Assert.True(JobStatusRules.CanMove(from, to));

    [Theory]
    [InlineData(JobStatus.Completed, JobStatus.Pending)]
    [InlineData(JobStatus.Completed, JobStatus.Running)]
    [InlineData(JobStatus.Pending, JobStatus.Running)]
    [InlineData(JobStatus.Pending, JobStatus.Completed)]
    [InlineData(JobStatus.Queued, JobStatus.Pending)]
    [InlineData(JobStatus.Running, JobStatus.Queued)]
    [InlineData(JobStatus.Canceled, JobStatus.Running)]
    public void CanMove_IllegalMoves_AreRefused(JobStatus from, JobStatus to) => Assert.False(JobStatusRules.CanMove(from, to));

    [Fact]
    public void WireNames_AreExactlyTheNineLowerCaseStatuses() =>
        Assert.Equal(["pending", "submitting", "queued", "running", "downloading", "completed", "failed", "canceled", "interrupted"],
            Enum.GetValues<JobStatus>().Select(s => s.ToWire()));
}
