import ArgumentParser
import Foundation
import Site

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a new site: kiosque.yaml, a sample article and the default templates.")

    @Argument(help: "The folder to create (it must not exist or be empty).")
    var directory: String

    func run() throws {
        do {
            let written = try SiteScaffold.create(at: directory)
            Console.say("created \(directory) (\(written) files). Next: cd \(directory) && kiosque build")
        } catch let e as SiteScaffold.Error {
            FileHandle.standardError.write(Data("\(e)\n".utf8))
            throw ExitCode(1)
        }
    }
}
