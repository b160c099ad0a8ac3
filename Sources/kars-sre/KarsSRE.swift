import ArgumentParser

/// The `kars-sre` command line: argument parsing and wiring of the library targets only.
@main
struct KarsSRE: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kars-sre",
        abstract: "An SRE agent for Kubernetes: diagnose incidents to a root cause and propose typed, approved fixes.",
        version: KarsSREVersion.current,
        subcommands: [
            ClusterInfoCommand.self,
            SimCommand.self,
            DiagnoseCommand.self,
            ProposeCommand.self,
            ExplainCommand.self,
            DescribeCommand.self,
            WhatChangedCommand.self,
            EndpointsCommand.self,
            ImageProbeCommand.self,
            TopCommand.self,
            LogsCommand.self,
            DescribeStateCommand.self,
            AskCommand.self, TalkCommand.self, PolicyCommand.self, MCPCommand.self,
            ActionsCommand.self,
            ShowCommand.self,
            ApproveCommand.self,
            RejectCommand.self,
            UndoCommand.self,
            ControllerCommand.self,
            PauseCommand.self,
            ResumeCommand.self,
            DemoCommand.self,
            WatchCommand.self,
            ServeCommand.self,
            RunCommand.self, InstallCommand.self, UninstallCommand.self, StatusCommand.self,
        ]
    )
}

/// The version printed by `--version`.
enum KarsSREVersion {
    static let current = "0.1.0"
}
