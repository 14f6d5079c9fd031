using FalVideo.Core.Catalog;
using FalVideo.Core.Import;
using FalVideo.Core.Jobs;
using Microsoft.Extensions.Configuration;

namespace FalVideo.Tests.Import;

/// <summary>A real importer over the real catalog and validator, without a host.</summary>
internal static class Importers
{
    public static CsvPromptImporter Create(int maxRows = 10_000, long maxFileBytes = 20L * 1024 * 1024) =>
        new(ModelCatalog.Default, new ColumnNames(ModelCatalog.Default), [new CatalogJobInputValidator(ModelCatalog.Default)],
            new DefaultModel(new ConfigurationBuilder().Build()),
            Microsoft.Extensions.Options.Options.Create(new ImportOptions { MaxRows = maxRows, MaxFileBytes = maxFileBytes }));

    public static ImportResult ImportFile(string path, ImportRequest? request = null) =>
        Create().Import(File.ReadAllBytes(path), request ?? new ImportRequest(FileName: System.IO.Path.GetFileName(path)), TestContext.Current.CancellationToken);

    public static ImportResult ImportBytes(byte[] bytes, ImportRequest request, CsvPromptImporter? importer = null) =>
        (importer ?? Create()).Import(bytes, request, TestContext.Current.CancellationToken);

    public static ImportRefusal Refusal(Action import) => Assert.Throws<ImportRefusedException>(import).Refusal;
}
