import ArgumentParser
import Foundation
import Site

struct InitCommand: KiosqueCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a new site: kiosque.yaml, a sample article and the default templates.",
        discussion: Console.exitStatus([
            (0, "created"),
            (1, "the folder exists and is not empty, or a file could not be written (no file is ever overwritten)"),
        ]))

    @Argument(help: "The folder to create (it must not exist or be empty).")
    var directory: String

    @OptionGroup var verbosity: Verbosity

    func execute() throws {
        do {
            let written = try SiteScaffold.create(at: directory)
            Console.say("created \(directory) (\(written) files). Next: cd \(directory) && kiosque build")
        } catch let e as SiteScaffold.Error {
            Console.error("\(e)")
            throw ExitCode(1)
        }
    }
}
